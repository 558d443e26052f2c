import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Does in a fresh JVM what the Lambda Java runtime does with a function's handler string: loads
 * the class, makes one instance, calls {@code handleRequest(InputStream, OutputStream, Context)}
 * with an event. Prints the JVM's uptime (ms from its start) when the event was handled, the
 * initialisation (loading the class and making the instance: Quarkus boots here, and a SnapStart
 * snapshot is taken after it) and the invocation in ms, then the answer. Run on the unzipped function.zip's classpath (its root and lib/*).
 */
public final class ColdStart {
  public static void main(String[] args) throws Exception {
    String[] handler = args[0].split("::");
    long t0 = System.nanoTime();
    Class<?> type = Class.forName(handler[0]);
    Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context");
    Object context =
        Proxy.newProxyInstance(
            contextType.getClassLoader(),
            new Class<?>[] {contextType},
            (proxy, method, a) ->
                switch (method.getName()) {
                  case "getAwsRequestId" -> "coldstart";
                  case "getFunctionName" -> "coldstart";
                  case "getRemainingTimeInMillis" -> 300_000;
                  case "getMemoryLimitInMB" -> 2048;
                  default -> null;
                });
    Object instance = type.getDeclaredConstructor().newInstance();
    Method handle =
        type.getMethod(handler[1], InputStream.class, OutputStream.class, contextType);
    long t1 = System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
      handle.invoke(instance, in, out, context);
    }
    long t2 = System.nanoTime();
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    System.out.println(
        "HANDLED " + uptime + " " + (t1 - t0) / 1_000_000 + " " + (t2 - t1) / 1_000_000 + " " + out);
    System.exit(0);
  }
}
