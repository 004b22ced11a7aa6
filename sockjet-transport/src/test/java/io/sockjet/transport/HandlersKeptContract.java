package io.sockjet.transport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test of this module (registered for all through the service file and {@code
 * junit-platform.properties}): each {@link RecordingHandler} the test made saw the handler
 * contract kept, whether or not the test looked.
 */
public final class HandlersKeptContract implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    for (RecordingHandler handler : RecordingHandler.takeMade()) {
      if (context.getExecutionException().isEmpty()) {
        handler.assertContractKept();
      }
    }
  }
}
