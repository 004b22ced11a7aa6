/**
 * The protocol state of one WebSocket connection ({@code Connection}), its role, its limits and
 * the typed violations a peer can commit. Higher layers feed it bytes and send calls; it gives
 * back events and encoded bytes.
 */
package io.sockjet.protocol;
