package io.hybridfailover.actuation;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Which API server errors are worth another try, and how to say what happened. */
public final class ApiErrors {

  private ApiErrors() {}

  /**
   * Conflict, throttling, server errors and no answer at all: fabric8 gives no HTTP code (0) for an
   * I/O error and -1 for a request that timed out.
   */
  public static boolean retryable(KubernetesClientException e) {
    int code = e.getCode();
    return code <= 0 || code == 409 || code == 429 || code >= 500;
  }

  /** {@code HTTP 500: etcd is down}: the API server's own message, not the client's dump. */
  public static String describe(KubernetesClientException e) {
    if (e.getCode() <= 0) {
      return "no answer from the API server (" + e.getMessage() + ")";
    }
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return "HTTP " + e.getCode() + ": " + message;
  }
}
