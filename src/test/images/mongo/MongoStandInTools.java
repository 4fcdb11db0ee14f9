import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * Test stand-ins for the MongoDB database tools and shell, beside the stand-in server (no real
 * MongoDB is in any reachable archive). They take their options the way mongodump, mongorestore
 * and mongosh do (the password as --password/-p, or in a --config YAML file's "password" key)
 * and log in for real: the stand-in server has no authentication, so they compare the
 * credentials with the root user the entrypoint set up at first start and fail as the real tools
 * fail when they differ. The archive is the stand-in's own (the real magic number, then BSON
 * documents), not mongodump's format: what is tested is dbdock's side (options, credentials,
 * streaming, checks), not the tools.
 */
public class MongoStandInTools {
    private static final byte[] MAGIC = {(byte) 0x81, (byte) 0x99, (byte) 0xe2, 0x6d};
    private static final Path ROOT_USER = Path.of("/data/db/.standin-root-user");

    public static void main(String[] args) throws Exception {
        String tool = System.getProperty("tool");
        Options o = Options.parse(args);
        try {
            switch (tool) {
                case "mongodump" -> dump(o, System.out);
                case "mongorestore" -> restore(o, System.in);
                case "mongosh" -> shell(o);
                default -> throw new IllegalArgumentException("unknown tool " + tool);
            }
        } catch (ToolFailure e) {
            System.err.println(timestamp() + "\tFailed: " + e.getMessage());
            System.exit(1);
        }
        System.out.flush();
        System.exit(0);
    }

    private static final class ToolFailure extends Exception {
        ToolFailure(String message) {
            super(message);
        }
    }

    /** The options the tools share, read as the real ones read them. */
    private record Options(String username, String password, String authDb, boolean archive, boolean drop, String eval) {
        static Options parse(String[] args) throws IOException {
            String user = null, password = null, authDb = null, config = null, eval = null;
            boolean archive = false, drop = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.length ? args[i + 1] : null);
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                boolean inline = a.contains("=");
                switch (name) {
                    case "--username", "-u" -> { user = value; i += inline ? 0 : 1; }
                    case "--password", "-p" -> { password = value; i += inline ? 0 : 1; }
                    case "--authenticationDatabase" -> { authDb = value; i += inline ? 0 : 1; }
                    case "--config" -> { config = value; i += inline ? 0 : 1; }
                    case "--eval" -> { eval = value; i += inline ? 0 : 1; }
                    case "--archive" -> archive = true;
                    case "--drop" -> drop = true;
                    default -> { } // --quiet, --shell, --nodb: nothing to do here
                }
            }
            if (config != null && password == null) {
                password = yamlPassword(Files.readString(Path.of(config), StandardCharsets.UTF_8));
            }
            return new Options(user, password, authDb, archive, drop, eval);
        }
    }

    /** The "password" key of a tools config file: a double-quoted YAML scalar (\" and \\ escaped) or a plain one. */
    static String yamlPassword(String yaml) throws IOException {
        for (String line : yaml.split("\n")) {
            if (line.startsWith("password:")) {
                String v = line.substring("password:".length()).strip();
                if (!v.startsWith("\"")) {
                    return v;
                }
                StringBuilder out = new StringBuilder();
                for (int i = 1; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c == '\\' && i + 1 < v.length()) {
                        out.append(v.charAt(++i));
                    } else if (c == '"') {
                        return out.toString();
                    } else {
                        out.append(c);
                    }
                }
                throw new IOException("unterminated password in the config file");
            }
        }
        return null;
    }

    /** SCRAM's outcome, decided the stand-in's way: the credentials must be the root user's. */
    private static void logIn(String user, String password, String authDb) throws Exception {
        if (!Files.exists(ROOT_USER)) {
            return; // started without MONGO_INITDB_ROOT_*: no authentication, as in the real image
        }
        List<String> root = Files.readAllLines(ROOT_USER, StandardCharsets.UTF_8);
        if (user == null || password == null) {
            throw new ToolFailure("error connecting to host: command requires authentication");
        }
        if (!"admin".equals(authDb) || !root.get(0).equals(user) || !root.get(1).equals(password)) {
            throw new ToolFailure("can't create session: failed to connect to mongodb://localhost:27017/: connection() error "
                    + "occurred during connection handshake: auth error: sasl conversation error: unable to authenticate using "
                    + "mechanism \"SCRAM-SHA-256\": (AuthenticationFailed) Authentication failed.");
        }
    }

    private static MongoClient client() {
        return MongoClients.create("mongodb://127.0.0.1:27017");
    }

    private static boolean isUserDatabase(String name) {
        return !Set.of("admin", "local", "config").contains(name);
    }

    private static void dump(Options o, OutputStream stdout) throws Exception {
        logIn(o.username(), o.password(), o.authDb());
        if (!o.archive()) {
            throw new ToolFailure("the stand-in only writes --archive to standard output");
        }
        OutputStream out = new java.io.BufferedOutputStream(stdout, 1 << 16);
        out.write(MAGIC);
        try (MongoClient c = client()) {
            for (String dbName : c.listDatabaseNames()) {
                if (!isUserDatabase(dbName)) {
                    continue;
                }
                MongoDatabase db = c.getDatabase(dbName);
                for (String coll : db.listCollectionNames()) {
                    for (Document d : db.getCollection(coll).find()) {
                        out.write(bson(new Document("db", dbName).append("collection", coll).append("doc", d)));
                    }
                }
            }
        }
        out.flush();
    }

    private static void restore(Options o, InputStream stdin) throws Exception {
        logIn(o.username(), o.password(), o.authDb());
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stdin, 1 << 16));
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new ToolFailure("stream or file does not appear to be a mongodump archive");
        }
        Set<String> dropped = new HashSet<>();
        int restored = 0;
        try (MongoClient c = client()) {
            byte[] doc;
            while ((doc = next(in)) != null) {
                Document entry = new DocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(doc).order(ByteOrder.LITTLE_ENDIAN)),
                        DecoderContext.builder().build());
                MongoCollection<Document> coll = c.getDatabase(entry.getString("db")).getCollection(entry.getString("collection"));
                if (o.drop() && dropped.add(entry.getString("db") + "." + entry.getString("collection"))) {
                    coll.drop();
                }
                coll.insertOne(entry.get("doc", Document.class));
                restored++;
            }
        }
        System.err.println(timestamp() + "\t" + restored + " document(s) restored successfully. 0 document(s) failed to restore.");
    }

    /** One length-prefixed BSON document, or null at the end of the stream. */
    private static byte[] next(DataInputStream in) throws IOException {
        byte[] length = new byte[4];
        try {
            in.readFully(length);
        } catch (EOFException end) {
            return null;
        }
        int n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] doc = new byte[n];
        System.arraycopy(length, 0, doc, 0, 4);
        in.readFully(doc, 4, n - 4);
        return doc;
    }

    private static byte[] bson(Document d) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new DocumentCodec().encode(new BsonBinaryWriter(buffer), d, EncoderContext.builder().build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            buffer.pipe(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static final Pattern AUTH = Pattern.compile(
            "db\\.auth\\(\"((?:[^\"\\\\]|\\\\.)*)\", require\\('fs'\\)\\.readFileSync\\('([^']+)', 'utf8'\\)\\)");

    /**
     * The shell: logs in the way a script given with --eval does it (db.auth with the user and a
     * password read from a file), or with -u/-p, then reads commands from standard input until it
     * ends or says exit. It answers mongosh's sleep(ms) by waiting that long (a long-running command).
     */
    private static void shell(Options o) throws Exception {
        String user = o.username();
        String password = o.password();
        String authDb = o.authDb();
        if (o.eval() != null) {
            Matcher m = AUTH.matcher(o.eval());
            if (m.find()) {
                user = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
                password = Files.readString(Path.of(m.group(2)), StandardCharsets.UTF_8);
                authDb = o.eval().contains("getSiblingDB('admin')") ? "admin" : null;
            }
        }
        logIn(user, password, authDb);
        System.out.println("stand-in mongosh: logged in as " + user);
        Pattern sleep = Pattern.compile("sleep\\((\\d+)\\)");
        Matcher evalSleep = sleep.matcher(o.eval() == null ? "" : o.eval());
        if (evalSleep.find()) { // a statement given with --eval (dbdock shell -c)
            Thread.sleep(Long.parseLong(evalSleep.group(1)));
            System.out.println("null");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.strip().equals("exit"); ) {
            Matcher m = sleep.matcher(line);
            if (m.find()) {
                Thread.sleep(Long.parseLong(m.group(1)));
                System.out.println("null");
            }
        }
    }

    private static String timestamp() {
        return java.time.OffsetDateTime.now().toString();
    }
}
