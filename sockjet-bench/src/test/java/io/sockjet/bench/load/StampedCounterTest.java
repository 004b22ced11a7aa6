package io.sockjet.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.bench.compare.BroadcastSummary;
import io.sockjet.bench.compare.ResultTable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A subscriber's counting and a run's summing up, on messages made here: after the warm-up the
 * first messages of each connection count as paced and the rest as the burst, wrong or impossible ones as errors,
 * and {@link BroadcastSummary} turns the lines into rates, CPU per delivery and merged
 * percentiles.
 */
class StampedCounterTest {
  private static final EchoPayload PAYLOAD = new EchoPayload(true, 32);
  private static final long SENT = 1_000_000_000L;

  @Test
  void pacedAndBurstMessagesAreTimedApartAndSummedUp() throws Exception {
    StampedCounter counter = new StampedCounter(PAYLOAD, 1, 2, 2 * 6);
    RawConnection[] connections = {new RawConnection(null, 1), new RawConnection(null, 2)};
    for (RawConnection c : connections) {
      // A warm-up message, not timed (5 s would show in the maximum), two paced ones that
      // take 10 µs to arrive, and three in the burst that take 1 ms.
      deliver(counter, c, PAYLOAD.text(SENT), SENT + 5_000_000_000L);
      for (int i = 0; i < 5; i++) {
        long stamp = SENT + i * 1_000_000L;
        deliver(counter, c, PAYLOAD.text(stamp), stamp + (i < 2 ? 10_000 : 1_000_000));
      }
    }
    char[] wrong = PAYLOAD.text(SENT).toCharArray();
    wrong[20] = '!';
    deliver(counter, connections[0], new String(wrong), SENT + 5_000);
    deliver(counter, connections[1], PAYLOAD.text(SENT + 5_000), SENT); // read before it was sent

    assertThat(counter.received.get()).isEqualTo(12);
    assertThat(counter.errors.get()).isEqualTo(2);
    assertThat(counter.done.getCount()).isZero();

    ResultLine receiver = new ResultLine().put("kind", "broadcast-receiver")
        .put("connections", 2).put("expected", counter.expected)
        .put("received", counter.received.get()).put("errors", counter.errors.get())
        .put("last_ns", SENT + 2_000_000_000L).put("cpu_ticks", 50).put("server_ticks", 300)
        .put("server_sys_ticks", 80)
        .put("cpu0_busy_ticks", 150).put("cpu0_ticks", 400);
    counter.report(receiver);
    ResultLine publisher = new ResultLine().put("kind", "fanout-publisher").put("warmup", 1).put("paced", 2)
        .put("messages", 3).put("size", 32).put("server_ticks", 100)
        .put("server_sys_ticks", 20)
        .put("cpu0_busy_ticks", 50).put("cpu0_ticks", 200).put("sent_ns", SENT);
    Map<String, String> summary = ResultTable.fields(BroadcastSummary.summary("6", "x",
        List.of(ResultTable.fields(publisher.toString()), ResultTable.fields(receiver.toString()))));

    assertThat(summary).containsEntry("kind", "fanout").containsEntry("delivered", "6")
        .containsEntry("expected", "6").containsEntry("window_s", "2.000")
        .containsEntry("delivered_per_s", "3").containsEntry("server_cpu", "1.00")
        .containsEntry("server_us_per_delivery", "333333.33")
        .containsEntry("server_sys_us_per_delivery", "100000.00").containsEntry("driver_cpu", "0.25")
        .containsEntry("errors", "2").containsEntry("cpu0_busy", "0.50");
    assertThat(Double.parseDouble(summary.get("p50_us"))).isBetween(9.9, 10.1);
    assertThat(Double.parseDouble(summary.get("max_us"))).isBetween(9.9, 10.1);
    assertThat(Double.parseDouble(summary.get("burst_p99_us"))).isBetween(999.0, 1001.0);
  }

  @Test
  void aBroadcastIsSummedOverAllItsMessages() throws Exception {
    List<Map<String, String>> lines = List.of(
        ResultTable.fields("RESULT kind=broadcast-trigger messages=100 size=32 server_ticks=0"
            + " sent_ns=1000000000"),
        ResultTable.fields("RESULT kind=broadcast-receiver connections=10 expected=1000"
            + " received=1000 errors=0 last_ns=2000000000 cpu_ticks=10 server_ticks=40"),
        ResultTable.fields("RESULT kind=broadcast-receiver connections=10 expected=1000"
            + " received=1000 errors=1 last_ns=3000000000 cpu_ticks=10 server_ticks=50"));

    Map<String, String> summary = ResultTable.fields(BroadcastSummary.summary("5", "x", lines));

    assertThat(summary).containsEntry("kind", "broadcast").containsEntry("connections", "20")
        .containsEntry("delivered", "2000").containsEntry("window_s", "2.000")
        .containsEntry("delivered_per_s", "1000").containsEntry("server_cpu", "0.25")
        .containsEntry("server_us_per_delivery", "250.00").containsEntry("driver_cpu", "0.10")
        .containsEntry("errors", "1").doesNotContainKey("p50_us");
  }

  @Test
  void sequenceNumbersTellGapsNumbersGoingBackAndWhatIsMissingAtTheEnd() throws Exception {
    EchoPayload sequenced = new EchoPayload(true, 32, true);
    StampedCounter counter = new StampedCounter(sequenced, 0, 0, 100);
    RawConnection a = new RawConnection(null, 1);
    RawConnection b = new RawConnection(null, 2);
    for (long sequence : new long[] {0, 1, 4, 5, 3, 6}) { // 2 and 3 missed; 3 comes back late
      counter.message(a, RawLoop.TEXT, sequenced(sequenced, sequence, 0), SENT + 1_000);
    }
    for (long sequence : new long[] {0, 1, 2}) { // 3 to 6, which a got, never came
      counter.message(b, RawLoop.TEXT, sequenced(sequenced, sequence, 0x5a17c0de), SENT + 1_000);
    }
    ResultLine line = new ResultLine();
    counter.report(line);

    assertThat(counter.errors.get()).isZero();
    assertThat(ResultTable.fields(line.toString())).containsEntry("gaps", "1")
        .containsEntry("gap_messages", "2").containsEntry("gap_first", "2")
        .containsEntry("gap_last", "3").containsEntry("connections_with_gaps", "1")
        .containsEntry("backwards", "1").containsEntry("highest_sequence", "6")
        .containsEntry("tail_missing", "4");
  }

  /**
   * A sequenced text message as a subscriber reads it: stamped as the publisher stamps its masked
   * frame, then unmasked as the server relays it.
   */
  private static ByteBuffer sequenced(EchoPayload payload, long sequence, int maskKey) {
    ByteBuffer message = ByteBuffer.wrap(payload.template());
    payload.stamp(message, 0, SENT, sequence, maskKey);
    for (int i = 0; i < 24; i++) { // the stamped bytes; the template's filler is not masked
      message.put(i, (byte) (message.get(i) ^ RawFrames.maskByte(maskKey, i)));
    }
    return message;
  }

  private static void deliver(StampedCounter counter, RawConnection c, String text, long at) {
    counter.message(c, RawLoop.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)),
        at);
  }
}
