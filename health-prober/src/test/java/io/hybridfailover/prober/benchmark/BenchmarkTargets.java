package io.hybridfailover.prober.benchmark;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's targets, in a process of their own so that the prober's CPU can be measured
 * alone: one Vert.x HTTP server per port on 127.0.0.1. {@code /up/*} answers 200 "ok", {@code
 * /fail/*} 500, {@code /hang/*} never answers. Prints {@code PORTS=p1,p2,...} once listening; stops
 * when its standard input closes (the benchmark ended or died).
 */
public final class BenchmarkTargets {

  private BenchmarkTargets() {}

  public static void main(String[] args) throws Exception {
    int ports = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Vertx vertx = Vertx.vertx();
    List<String> bound = new ArrayList<>();
    for (int i = 0; i < ports; i++) {
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(
                  request -> {
                    String path = request.path();
                    if (path.startsWith("/up")) {
                      request.response().end("ok");
                    } else if (path.startsWith("/fail")) {
                      request.response().setStatusCode(500).end("broken");
                    }
                    // /hang: never answered; the prober resets the connection at its timeout.
                  })
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      bound.add(Integer.toString(server.actualPort()));
    }
    System.out.println("PORTS=" + String.join(",", bound));
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to go away
    }
    vertx.close();
    System.exit(0);
  }
}
