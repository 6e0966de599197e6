package io.heropixel.destination.postgres.connection.ssl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The {@code sslfactory} handed to pgJDBC. The driver instantiates it with the connection properties;
 * the property {@value #TOKEN_PROPERTY} names an {@link SSLContext} registered in memory by the
 * connection factory, so no key or certificate is ever written to disk.
 */
public final class InMemorySslSocketFactory extends SSLSocketFactory {
    public static final String TOKEN_PROPERTY = "heropixelSslContext";

    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();
    /** Per token: connections that the server accepted TLS for (pgJDBC wrapped their socket). */
    private static final Map<String, AtomicLong> WRAPPED = new ConcurrentHashMap<>();

    private final SSLSocketFactory delegate;
    private final AtomicLong wrapped;

    /** Called by pgJDBC. */
    public InMemorySslSocketFactory(Properties info) {
        String token = info.getProperty(TOKEN_PROPERTY);
        SSLContext context = token == null ? null : CONTEXTS.get(token);
        if (context == null) {
            throw new IllegalStateException("No TLS context is registered for this connection (it was closed)");
        }
        this.delegate = context.getSocketFactory();
        this.wrapped = WRAPPED.computeIfAbsent(token, t -> new AtomicLong());
    }

    /** Registers a context and returns the token to pass in {@value #TOKEN_PROPERTY}. */
    public static String register(SSLContext context) {
        String token = UUID.randomUUID().toString();
        CONTEXTS.put(token, context);
        return token;
    }

    public static void unregister(String token) {
        CONTEXTS.remove(token);
        WRAPPED.remove(token);
    }

    /** How many connections made with {@code token} so far run over TLS (the server accepted it). */
    public static long tlsConnections(String token) {
        AtomicLong count = WRAPPED.get(token);
        return count == null ? 0 : count.get();
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        // pgJDBC wraps the plain socket only after the server answered yes to its TLS request
        wrapped.incrementAndGet();
        return delegate.createSocket(socket, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }
}
