package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RateLimitedLogTest {
  private final FakeClock clock = new FakeClock();
  private final CapturingLogger logger = new CapturingLogger();
  private final RateLimitedLog log =
      new RateLimitedLog(
          logger, System.Logger.Level.WARNING, "accept failed on x", 1, TimeUnit.SECONDS, clock);

  @Test
  void theFirstOccurrenceWritesALineAtOnce() {
    assertThat(log.count("Too many open files")).isTrue();
    assertThat(logger.lines)
        .containsExactly(
            "WARNING accept failed on x (1 time since the last report): Too many open files");
    assertThat(logger.thrown).containsOnlyNulls();
  }

  @Test
  void occurrencesWithinTheIntervalAreCountedIntoTheNextLine() {
    log.count("first");
    for (int i = 0; i < 1000; i++) {
      clock.advance(900, TimeUnit.MICROSECONDS); // 0.9 s in all: still inside the interval
      assertThat(log.count("error " + i)).isFalse();
    }
    assertThat(logger.lines).hasSize(1);
    assertThat(log.pending()).isEqualTo(1000);

    clock.advance(100, TimeUnit.MILLISECONDS); // 1 s after the first line
    assertThat(log.count("last")).isTrue();
    assertThat(logger.lines)
        .element(1)
        .isEqualTo("WARNING accept failed on x (1001 times since the last report): last");
    assertThat(log.pending()).isZero();
  }

  @Test
  void theIntervalRunsFromTheLastLineWritten() {
    log.count("a");
    clock.advance(5, TimeUnit.SECONDS);
    log.count("b"); // a line: long since the last
    clock.advance(999, TimeUnit.MILLISECONDS);
    assertThat(log.count("c")).isFalse();
    clock.advance(1, TimeUnit.MILLISECONDS);
    assertThat(log.count("d")).isTrue();
    assertThat(logger.lines)
        .containsExactly(
            "WARNING accept failed on x (1 time since the last report): a",
            "WARNING accept failed on x (1 time since the last report): b",
            "WARNING accept failed on x (2 times since the last report): d");
  }

  @Test
  void aLoggerThatThrowsNeverReachesTheCaller() {
    logger.failWith = () -> new NoClassDefFoundError("cannot open a class file: EMFILE");
    assertThatCode(() -> log.count("Too many open files")).doesNotThrowAnyException();
    logger.failWith = () -> new IllegalStateException("handler closed");
    clock.advance(1, TimeUnit.SECONDS);
    assertThatCode(() -> log.count("again")).doesNotThrowAnyException();
    logger.failWith = () -> new OutOfMemoryError("no native thread");
    assertThatCode(
            () -> Logging.log(logger, System.Logger.Level.WARNING, "m", new Exception()))
        .doesNotThrowAnyException();
    // The counting went on regardless: the next due line carries only what came after.
    logger.failWith = null;
    clock.advance(1, TimeUnit.SECONDS);
    log.count("recovered");
    assertThat(logger.lines)
        .last()
        .isEqualTo("WARNING accept failed on x (1 time since the last report): recovered");
  }

  @Test
  void loggingPassesTheThrowableOn() {
    Exception cause = new Exception("boom");
    Logging.log(logger, System.Logger.Level.ERROR, "failed", cause);
    assertThat(logger.lines).containsExactly("ERROR failed");
    assertThat(logger.thrown).containsExactly(cause);
  }

  /** Thread-safe: records each line as "LEVEL message", or throws what {@code failWith} makes. */
  private static final class CapturingLogger implements System.Logger {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<Throwable> thrown = new CopyOnWriteArrayList<>();
    volatile Supplier<? extends Throwable> failWith;

    @Override
    public String getName() {
      return "capturing";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable t) {
      record(level, msg, t);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      record(level, format, null);
    }

    private void record(Level level, String msg, Throwable t) {
      Supplier<? extends Throwable> fail = failWith;
      if (fail != null) {
        sneakyThrow(fail.get());
      }
      lines.add(level.getName() + " " + msg);
      thrown.add(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
      throw (T) t;
    }
  }
}
