package io.heropixel.destination.postgres.connection.ssl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    private final SSLSocketFactory delegate;

    /** Called by pgJDBC. */
    public InMemorySslSocketFactory(Properties info) {
        String token = info.getProperty(TOKEN_PROPERTY);
        SSLContext context = token == null ? null : CONTEXTS.get(token);
        if (context == null) {
            throw new IllegalStateException("No TLS context is registered for this connection (it was closed)");
        }
        this.delegate = context.getSocketFactory();
    }

    /** Registers a context and returns the token to pass in {@value #TOKEN_PROPERTY}. */
    public static String register(SSLContext context) {
        String token = UUID.randomUUID().toString();
        CONTEXTS.put(token, context);
        return token;
    }

    public static void unregister(String token) {
        CONTEXTS.remove(token);
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
