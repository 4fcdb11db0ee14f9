import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/** Test stand-in for mongod: the wire protocol on 0.0.0.0:27017, data in an H2 file. */
public class MongoStandIn {
    public static void main(String[] args) throws Exception {
        H2Backend backend = new H2Backend(args[0]);
        MongoServer server = new MongoServer(backend);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        server.bind("0.0.0.0", 27017);
        System.out.println("Waiting for connections on port 27017");
        Thread.currentThread().join();
    }
}
