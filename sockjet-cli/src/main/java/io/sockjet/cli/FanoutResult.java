package io.sockjet.cli;

/**
 * What a fan-out run adds up to once it is over, from the publisher's count and each
 * subscriber's: the deliveries that never came. Immutable.
 *
 * @param publishes measured publishes sent
 * @param lost measured deliveries that never came: publishes times subscribers, less those that
 *     came in order
 * @param mostLostByOne the most that one subscriber lost
 */
record FanoutResult(long publishes, long lost, long mostLostByOne) {}
