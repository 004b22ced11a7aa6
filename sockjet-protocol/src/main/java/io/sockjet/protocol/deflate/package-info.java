/**
 * permessage-deflate (RFC 7692): negotiation of its parameters in both roles, raw DEFLATE through
 * the system zlib or {@code java.util.zip}, and the per-message codec a {@code Connection} uses.
 */
package io.sockjet.protocol.deflate;
