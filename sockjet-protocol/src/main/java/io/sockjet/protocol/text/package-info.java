/** Incremental UTF-8 validation and encoding for text messages and close reasons. */
package io.sockjet.protocol.text;
