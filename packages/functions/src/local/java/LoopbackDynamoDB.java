import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, as its own ServerRunner starts it, with two differences the local runner needs:
 *
 * 1. It listens on one address (127.0.0.1 unless -Dshopguide.host says otherwise). DynamoDB Local has no
 *    option for that and listens on every interface; it accepts any credentials, so on a shared network
 *    anyone could read and write the data. Its Jetty connector is built unstarted, so the host is set on it
 *    before start.
 * 2. It exits when its standard input reaches end of file: the runner holds the other end of that pipe, and
 *    the kernel closes it however the runner ends, SIGKILL included. No orphaned Java keeps the files locked.
 *
 * Run with the JDK's source launcher: java -cp DynamoDBLocal.jar LoopbackDynamoDB.java [DynamoDB Local options]
 */
public class LoopbackDynamoDB {
  public static void main(String[] args) throws Exception {
    String host = System.getProperty("shopguide.host", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local built no connector");
    for (Connector connector : connectors) ((ServerConnector) connector).setHost(host);

    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // The runner never writes; anything read is ignored.
        }
      } catch (Exception ignored) {
        // A broken pipe means the same as end of file.
      }
      // Give DynamoDB Local a moment to close its files, then go regardless.
      Thread halt = new Thread(() -> {
        try {
          Thread.sleep(3_000);
        } catch (InterruptedException ignored) {
        }
        Runtime.getRuntime().halt(0);
      });
      halt.setDaemon(true);
      halt.start();
      System.exit(0);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    proxy.start();
    System.out.println("DynamoDB Local listening on " + host + ":" + ((ServerConnector) connectors[0]).getPort());
  }
}
