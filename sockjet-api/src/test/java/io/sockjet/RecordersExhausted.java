package io.sockjet;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test of this module (registered for all through the service file and {@code
 * junit-platform.properties}): each {@link EventRecorder} the test made has no event left that
 * the test did not await. Runs after the test's own {@code @AfterEach}, once its server stopped.
 */
public final class RecordersExhausted implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    for (EventRecorder recorder : EventRecorder.takeMade()) {
      if (context.getExecutionException().isEmpty()) {
        recorder.assertExhausted();
      }
    }
  }
}
