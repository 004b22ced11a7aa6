/** JMH benchmarks of Sockjet's hot paths: frame decoding, unmasking, UTF-8 validation. */
package io.sockjet.bench;
