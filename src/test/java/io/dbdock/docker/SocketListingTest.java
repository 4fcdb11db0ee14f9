package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading the engine's HTTP answer to the one list request (the request itself runs in every Docker test's `list`). */
class SocketListingTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBodyWithALengthOrInChunksIsReadWhole() {
        assertArrayEquals(bytes("[{\"Id\":\"a\"}]"),
                SocketListing.body(bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n[{\"Id\":\"a\"}]")));
        assertArrayEquals(bytes("[{\"Id\":\"abc\"}]"), SocketListing.body(bytes(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[{\"Id\r\n9\r\n\":\"abc\"}]\r\n0\r\n\r\n")));
    }

    @Test
    void anErrorOrACutAnswerIsNoAnswer() {
        assertNull(SocketListing.body(bytes("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\n{}")));
        assertNull(SocketListing.body(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n[{\"Id\"")));
        assertNull(SocketListing.body(bytes("HTTP/1.1 200 OK\r\nContent-Le")));
    }
}
