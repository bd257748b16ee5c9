import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Rapport's local Neo4j: a real Neo4j 5.26 Community database, embedded in this JVM, reachable
 * over Bolt on a loopback port. Started by src/db/local-neo4j.ts when NEO4J_URI is not set.
 *
 * Arguments: <home folder> <bolt port> <page cache in MiB> [plugins folder].
 * With a plugins folder (the benchmarks' APOC core, see apoc/pom.xml), Neo4j loads the procedures
 * of the jars in it and runs apoc.* unrestricted; the jars must also be on the class path, where
 * Neo4j finds their extensions. Rapport itself starts without one.
 * Prints "RAPPORT_NEO4J_READY <port>" on stdout once Bolt accepts connections.
 * Stops when standard input closes (the parent exited, normally or by a crash), on SIGTERM or
 * SIGINT (a shutdown hook), and exits non-zero when the database cannot start.
 */
public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Launcher <home> <boltPort> <pageCacheMiB> [pluginsDir]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheMiB = Long.parseLong(args[2]);
        Path plugins = args.length > 3 ? Path.of(args[3]).toAbsolutePath() : null;

        DatabaseManagementService dbms;
        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
            if (plugins != null) {
                builder
                    .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
            }
            dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .build();
            // Touch the default database so that start-up failures surface here, not at first query.
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        } catch (Throwable t) {
            System.err.println("RAPPORT_NEO4J_FAILED " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        final DatabaseManagementService running = dbms;
        Thread hook = new Thread(() -> {
            try { running.shutdown(); } catch (Throwable ignored) { }
        }, "rapport-neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        System.out.println("RAPPORT_NEO4J_READY " + port);
        System.out.flush();

        // The parent holds our stdin open; EOF means it is gone, however it died.
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) { /* ignore input */ }
        } catch (IOException ignored) { }
        System.exit(0); // runs the shutdown hook
    }
}
