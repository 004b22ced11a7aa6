/** JMH benchmarks of Sockjet's hot paths: frame decoding, unmasking, UTF-8 validation, DEFLATE. */
package io.sockjet.bench;
