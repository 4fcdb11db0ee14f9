package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PullProgressTest {
    @Test
    void aggregatesLayersByBytes() {
        PullProgress p = new PullProgress();
        assertEquals(0, p.update("a", "Pulling fs layer", null, null));
        p.update("b", "Pulling fs layer", null, -1L);
        assertEquals(25, p.update("a", "Downloading", 50L, 200L));
        // b's size arrives: 50 of (200 + 600)
        assertEquals(6, p.update("b", "Downloading", 0L, 600L));
        assertEquals(25, p.update("a", "Download complete", null, null));
        assertEquals(62, p.update("b", "Downloading", 300L, 600L));
        p.update("a", "Pull complete", null, null);
        assertEquals(99, p.update("b", "Extracting", 32L, 600L), "downloaded, not yet unpacked");
        assertEquals(100, p.update("b", "Pull complete", null, null));
    }

    @Test
    void layersThatAlreadyExistCountAsDone() {
        PullProgress p = new PullProgress();
        p.update("a", "Already exists", null, null);
        assertEquals(100, p.percent());
    }

    @Test
    void statusLinesWithoutALayerDoNotMoveIt() {
        PullProgress p = new PullProgress();
        assertEquals(0, p.update(null, "Pulling from library/redis", null, null));
        assertEquals(0, p.update("8", "Pulling from library/redis", null, null));
    }
}
