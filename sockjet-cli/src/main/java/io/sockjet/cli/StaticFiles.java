package io.sockjet.cli;

import io.sockjet.HandshakeRequest;
import io.sockjet.HttpHandler;
import io.sockjet.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code serve --static DIR}: answers plain HTTP GET and HEAD requests with the files of a
 * folder, beside the WebSocket (websocketd's {@code --staticdir}), so a page and the program it
 * talks to come from one server. {@code /} and any folder serve their {@code index.html}; folders
 * are never listed. Immutable; runs on the event loops.
 *
 * <p>Only files inside the folder can be reached ({@link UrlPath}: no {@code ..}, {@code .} or
 * hidden name, after percent-decoding). Files are read whole
 * into the response (the library's HTTP responses are byte arrays), on the event loop: this is
 * for pages and their scripts, so files over {@value #MAX_BYTES} bytes are refused rather than
 * stalling every connection of the loop while they are read.
 */
final class StaticFiles implements HttpHandler {
  /** 16 MiB: far above a page, a script or a picture; reading it takes milliseconds. */
  static final long MAX_BYTES = 16L << 20;

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"), Map.entry("map", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("md", "text/markdown; charset=utf-8"),
      Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("xml", "application/xml"),
      Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"), Map.entry("wasm", "application/wasm"),
      Map.entry("pdf", "application/pdf"), Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"), Map.entry("mp3", "audio/mpeg"),
      Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"));

  private final Path dir;

  /** Serves {@code dir}; a {@link CliFailure} if it is not a folder. */
  StaticFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CliFailure("--static: " + dir + " is not a folder");
    }
    this.dir = dir.toAbsolutePath().normalize();
  }

  @Override
  public HttpResponse handle(HandshakeRequest request) {
    boolean head = "HEAD".equals(request.method());
    if (!head && !"GET".equals(request.method())) {
      return new HttpResponse(405, List.of(Map.entry("Allow", "GET, HEAD"),
          Map.entry("Content-Type", "text/plain; charset=utf-8")), text("only GET and HEAD\n"));
    }
    Path file = file(request.path());
    if (file == null) {
      return HttpResponse.of(404, "text/plain; charset=utf-8", "not found\n");
    }
    try {
      if (Files.size(file) > MAX_BYTES) {
        return HttpResponse.of(500, "text/plain; charset=utf-8",
            "too large for --static (16 MiB at most)\n");
      }
      byte[] body = head ? new byte[0] : Files.readAllBytes(file);
      return new HttpResponse(200, List.of(Map.entry("Content-Type", type(file)),
          Map.entry("Cache-Control", "no-cache"),
          Map.entry("X-Content-Type-Options", "nosniff")), body);
    } catch (IOException e) {
      return HttpResponse.of(404, "text/plain; charset=utf-8", "not found\n");
    }
  }

  /** The file a raw request path names, or null (outside, hidden, missing, a bare folder). */
  Path file(String rawPath) {
    String[] segments = UrlPath.segments(rawPath);
    if (segments == null) {
      return null;
    }
    Path at = dir;
    for (String s : segments) {
      at = at.resolve(s); // an empty last segment resolves to the folder itself
    }
    if (Files.isDirectory(at)) {
      at = at.resolve("index.html");
    }
    return Files.isRegularFile(at) && Files.isReadable(at) ? at : null;
  }

  /** The content type for a file's extension; unknown ones are plain bytes. */
  static String type(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
