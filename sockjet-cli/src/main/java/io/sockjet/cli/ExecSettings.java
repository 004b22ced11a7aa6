package io.sockjet.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * How {@code serve --exec} runs each program, the same for every connection. Immutable.
 *
 * @param maxLine output lines longer than this many bytes are sent in pieces
 * @param flushMark the output reader waits for the socket while more than this many bytes are
 *     queued
 * @param grace how long a program has to exit after SIGTERM before SIGKILL
 * @param binary {@code --binary}: raw bytes both ways, no lines
 * @param log where each program's start and exit are logged; null when quiet
 * @param err where the programs' standard error and failures go
 */
record ExecSettings(int maxLine, long flushMark, Duration grace, boolean binary, PrintWriter log,
    PrintWriter err) {}
