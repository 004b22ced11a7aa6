package io.sockjet;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test of this module (registered for all through the service file and {@code
 * junit-platform.properties}): each {@link EventRecorder} the test made has no event left that
 * the test did not await. Runs when the test method returns, before its {@code @AfterEach}: what
 * stopping the server and the peers causes is not the test's to await.
 */
public final class RecordersExhausted implements AfterTestExecutionCallback {
  @Override
  public void afterTestExecution(ExtensionContext context) {
    for (EventRecorder recorder : EventRecorder.takeMade()) {
      if (context.getExecutionException().isEmpty()) {
        recorder.assertExhausted();
      }
    }
  }
}
