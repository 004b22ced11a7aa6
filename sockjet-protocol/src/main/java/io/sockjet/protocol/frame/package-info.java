/**
 * RFC 6455 §5 framing: an incremental parser that checks syntax only, an encoder that writes
 * into a caller's buffer, masking, opcodes and close codes. Protocol rules live one layer up,
 * in {@code io.sockjet.protocol}.
 */
package io.sockjet.protocol.frame;
