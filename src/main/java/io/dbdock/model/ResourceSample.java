package io.dbdock.model;

import java.time.Instant;

/** One reading of a container's resource use, as `docker stats` shows it. */
public record ResourceSample(Instant time, double cpuPercent, long memoryBytes, long memoryLimitBytes) {

    /**
     * The docker CLI's arithmetic: the container's share of the CPU time that passed since the
     * previous reading, times the CPUs it may use; memory without the page cache.
     */
    public static ResourceSample compute(Instant time, long cpuTotal, long preCpuTotal, long system, long preSystem,
                                         long onlineCpus, long memoryUsage, long memoryCache, long memoryLimit) {
        long cpuDelta = cpuTotal - preCpuTotal;
        long systemDelta = system - preSystem;
        double cpu = cpuDelta > 0 && systemDelta > 0 ? (double) cpuDelta / systemDelta * Math.max(1, onlineCpus) * 100.0 : 0.0;
        return new ResourceSample(time, cpu, Math.max(0, memoryUsage - memoryCache), memoryLimit);
    }
}
