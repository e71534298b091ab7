package dev.provisioning.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Which TLS versions a server accepts. The JDK refuses TLS 1.0 and 1.1 on the client side, which
 * would prove nothing about the server; so each probe runs in a JVM of its own whose security
 * properties allow every version, and a refusal must come from the server (a fatal alert).
 */
public final class TlsProbe {

    /** The outcome of a handshake offering only {@code protocol}: "NEGOTIATED TLSv1.2" or "REFUSED ...". */
    public static String probe(String host, int port, String protocol) {
        try {
            Path security = Files.createTempFile("tls-probe", ".security");
            Files.writeString(security, "jdk.tls.disabledAlgorithms=\n");
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Djava.security.properties=" + security, "-cp", System.getProperty("java.class.path"),
                    TlsProbe.class.getName(), host, Integer.toString(port), protocol));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor(60, TimeUnit.SECONDS);
            Files.deleteIfExists(security);
            return output;
        } catch (Exception e) {
            throw new IllegalStateException("TLS probe did not run", e);
        }
    }

    public static void main(String[] args) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // only the protocol version is probed here; the certificate is checked by the test's clients
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        } }, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(args[0], Integer.parseInt(args[1]))) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] { args[2] });
            socket.startHandshake();
            System.out.println("NEGOTIATED " + socket.getSession().getProtocol());
        } catch (Exception e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
