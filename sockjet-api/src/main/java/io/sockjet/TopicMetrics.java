package io.sockjet;

/**
 * A topic's counters, read at run time with {@link Topics#metrics(String)}. They live as long as
 * the topic has subscribers: an empty topic is freed, counters included.
 *
 * @param topic the topic's name
 * @param subscribers connections subscribed now
 * @param published messages published to it
 * @param delivered messages queued or written to a subscriber (one per subscriber)
 * @param skipped messages a slow or busy subscriber did not get
 * @param closed subscribers closed for being slow
 */
public record TopicMetrics(String topic, int subscribers, long published, long delivered,
    long skipped, long closed) {}
