package io.dbdock.bench;

import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a variant costs at creation: dbdock's create-to-Ready of PostgreSQL 17 plain and with each
 * extension image (the variant's create includes CREATE EXTENSION before Ready), and of Valkey 9
 * beside Redis 8, taken in turns in the same run, so each ratio compares like with like.
 */
final class VariantCreate {
    private VariantCreate() {
    }

    /** Each measured kind: the base first, then what is compared with it. */
    private static final Map<String, List<CreateRequest>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("postgres", List.of(
                CreateRequest.of("postgres").withVersion("17"),
                CreateRequest.of("postgres").withVersion("17").withVariant("pgvector"),
                CreateRequest.of("postgres").withVersion("17").withVariant("postgis"),
                CreateRequest.of("postgres").withVersion("17").withVariant("timescaledb")));
        GROUPS.put("redis", List.of(
                CreateRequest.of("redis").withVersion("8"),
                CreateRequest.of("valkey").withVersion("9")));
    }

    static List<Figure> run(Path out, int repetitions) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (Map.Entry<String, List<CreateRequest>> group : GROUPS.entrySet()) {
            try (BenchEnv env = new BenchEnv(out, "variants-" + group.getKey())) {
                List<CreateRequest> kinds = group.getValue();
                List<List<Long>> times = new ArrayList<>();
                kinds.forEach(k -> times.add(new ArrayList<>()));
                for (int k = 0; k < kinds.size(); k++) {
                    time(env, kinds.get(k), "warm-" + k); // pulls nothing (cached images), loads classes, warms the disk cache
                }
                for (int i = 0; i < repetitions; i++) {
                    // Rotate the order, so no kind always follows the same one's clean-up.
                    for (int j = 0; j < kinds.size(); j++) {
                        int k = (i + j) % kinds.size();
                        times.get(k).add(time(env, kinds.get(k), i + "-" + k));
                    }
                }
                double base = Stats.median(times.get(0));
                String baseName = label(kinds.get(0));
                figures.add(Figure.reported("variant_create_" + baseName, base, "ms",
                        "median of " + repetitions + ", ms " + Stats.sorted(times.get(0))));
                for (int k = 1; k < kinds.size(); k++) {
                    double d = Stats.median(times.get(k));
                    String name = label(kinds.get(k));
                    figures.add(Figure.reported("variant_create_" + name, d, "ms", "median of " + repetitions + ", ms "
                            + Stats.sorted(times.get(k))));
                    figures.add(Figure.reported("variant_create_" + name + "_vs_" + baseName, d / base, "x",
                            "against " + baseName + " in the same run"));
                }
            }
        }
        return figures;
    }

    /** "postgres17", "postgres17_pgvector", "valkey9". */
    private static String label(CreateRequest r) {
        return r.engine() + r.version().replace(".", "") + (r.variant() == null ? "" : "_" + r.variant());
    }

    private static long time(BenchEnv env, CreateRequest kind, String suffix) {
        String name = label(kind).replace('_', '-') + "-" + suffix;
        long start = System.nanoTime();
        InstanceSnapshot s = env.service.create(kind.withName(name), x -> { }).snapshot();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (s.state() != InstanceState.READY) {
            throw new IllegalStateException(name + " ended " + s.state() + ": " + s.detail());
        }
        env.service.delete(s.record().id().toString(), true);
        return ms;
    }
}
