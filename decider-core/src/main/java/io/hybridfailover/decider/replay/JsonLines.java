package io.hybridfailover.decider.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a JSON-lines stream one line at a time, decoding each line as UTF-8 on its own: a line that
 * is not UTF-8 is reported as such (with its number) and the lines after it are read as usual.
 * Lines end with {@code \n}; a {@code \r} before it is dropped. Nothing but the current line is
 * held.
 */
public final class JsonLines implements Iterator<JsonLines.Line> {

  /** Longer lines are reported and skipped without being held: no event is this long. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  /**
   * One line of input.
   *
   * @param number 1-based
   * @param text the decoded line, or null when it is not UTF-8
   * @param error why the line could not be decoded, or null
   */
  public record Line(int number, String text, String error) {

    public boolean decoded() {
      return error == null;
    }
  }

  private final InputStream in;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[4096];
  private int number;
  private Line next;
  private boolean eof;

  public JsonLines(InputStream in) {
    this.in = in;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !eof) {
      next = readLine();
    }
    return next != null;
  }

  @Override
  public Line next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Line result = next;
    next = null;
    return result;
  }

  private Line readLine() {
    int length = 0;
    long skipped = 0;
    boolean any = false;
    try {
      while (true) {
        if (chunkPos == chunkEnd) {
          chunkEnd = in.read(chunk);
          chunkPos = 0;
          if (chunkEnd <= 0) {
            chunkEnd = 0;
            eof = true;
            if (!any) {
              return null;
            }
            break;
          }
        }
        any = true;
        byte b = chunk[chunkPos++];
        if (b == '\n') {
          break;
        }
        if (length == MAX_LINE_BYTES) {
          skipped++;
          continue;
        }
        if (length == line.length) {
          line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
        }
        line[length++] = b;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    number++;
    if (skipped > 0) {
      return new Line(
          number,
          null,
          "longer than " + MAX_LINE_BYTES + " bytes (" + (length + skipped) + "): skipped");
    }
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    try {
      return new Line(number, utf8.decode(ByteBuffer.wrap(line, 0, length)).toString(), null);
    } catch (CharacterCodingException e) {
      return new Line(number, null, "not UTF-8 text: skipped");
    }
  }
}
