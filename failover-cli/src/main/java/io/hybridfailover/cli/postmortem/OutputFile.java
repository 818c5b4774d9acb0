package io.hybridfailover.cli.postmortem;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file opened before any work is done, so that an unwritable path is refused at once in
 * one line. It is written to a temporary file next to it and moved into place by {@link #commit}: a
 * run that fails half-way leaves the previous file as it was, never half a file.
 */
public final class OutputFile implements AutoCloseable {

  /** The output cannot be written: the message is one line naming the path and why. */
  public static final class Unwritable extends Exception {
    private static final long serialVersionUID = 1L;

    Unwritable(String message) {
      super(message);
    }
  }

  private final Path target;
  private final Path partial;
  private final OutputStream stream;
  private final BufferedWriter writer;
  private boolean committed;

  private OutputFile(Path target, Path partial, OutputStream stream) {
    this.target = target;
    this.partial = partial;
    this.stream = stream;
    this.writer =
        new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Opens {@code target} for writing, or says in one line why it cannot be. */
  public static OutputFile open(Path target) throws Unwritable {
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new Unwritable("cannot write " + target + ": it is a directory");
    }
    if (Files.exists(absolute) && !Files.isWritable(absolute)) {
      throw new Unwritable("cannot write " + target + ": permission denied");
    }
    Path dir = absolute.getParent();
    try {
      // A fixed name (not a temp file): the file keeps the usual permissions of the directory.
      Path partial = dir.resolve("." + absolute.getFileName() + ".partial");
      return new OutputFile(absolute, partial, Files.newOutputStream(partial));
    } catch (NoSuchFileException e) {
      throw new Unwritable("cannot write " + target + ": no such directory " + dir);
    } catch (AccessDeniedException e) {
      throw new Unwritable("cannot write " + target + ": permission denied in " + dir);
    } catch (FileSystemException e) {
      throw new Unwritable(
          "cannot write " + target + ": " + (e.getReason() == null ? e : e.getReason()));
    } catch (IOException e) {
      throw new Unwritable("cannot write " + target + ": " + e.getMessage());
    }
  }

  /** Text output, UTF-8 whatever the platform's charset. */
  public BufferedWriter writer() {
    return writer;
  }

  /** Byte output (flush {@link #writer()} first if both are used). */
  public OutputStream stream() {
    return stream;
  }

  /** Moves the finished file into place. */
  public void commit() throws IOException {
    writer.flush();
    stream.close();
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      stream.close();
      Files.deleteIfExists(partial);
    }
  }
}
