package io.dbdock.project;

import io.dbdock.instance.ConnectionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders an env value may hold, {@code {database.field}}, and what each field means: one
 * rule for the reader (which are allowed) and for {@code up}/{@code env} (what they become).
 */
public final class EnvTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}.]+)\\.([^{}]+)}");

    /** The fields, in the order a message lists them. */
    static final Map<String, Function<ConnectionInfo, String>> FIELDS = fields();

    private EnvTemplate() {
    }

    private static Map<String, Function<ConnectionInfo, String>> fields() {
        Map<String, Function<ConnectionInfo, String>> f = new java.util.LinkedHashMap<>();
        f.put("uri", ConnectionInfo::uri);
        f.put("jdbc", c -> c.jdbc().orElse(""));
        f.put("host", ConnectionInfo::host);
        f.put("port", c -> String.valueOf(c.port()));
        f.put("user", ConnectionInfo::user);
        f.put("password", ConnectionInfo::password);
        f.put("database", ConnectionInfo::database);
        return java.util.Collections.unmodifiableMap(f);
    }

    /** One problem per placeholder that names no database of the file or no field; empty when all are fine. */
    static List<String> problems(String template, java.util.Set<String> databases, Function<String, Boolean> hasJdbc) {
        List<String> problems = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String db = m.group(1);
            String field = m.group(2);
            if (!databases.contains(db)) {
                problems.add("\"{" + db + "." + field + "}\" names no database of this file (there are: "
                        + String.join(", ", databases) + ")");
            } else if (!FIELDS.containsKey(field)) {
                problems.add("\"{" + db + "." + field + "}\": a database has no field \"" + field + "\" (use one of: "
                        + String.join(", ", FIELDS.keySet()) + ")");
            } else if (field.equals("jdbc") && !hasJdbc.apply(db)) {
                problems.add("\"{" + db + ".jdbc}\": this engine has no JDBC driver (use {" + db + ".uri})");
            }
        }
        return problems;
    }

    /** The databases a template refers to. */
    static java.util.Set<String> databasesIn(String template) {
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The template with every placeholder replaced from its database's connection. */
    static String expand(String template, Function<String, ConnectionInfo> connection) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(FIELDS.get(m.group(2)).apply(connection.apply(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
