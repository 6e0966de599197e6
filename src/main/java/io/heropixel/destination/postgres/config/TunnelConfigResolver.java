package io.heropixel.destination.postgres.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.Secrets;

/** Resolves {@code tunnel_method}: NO_TUNNEL (also when absent), SSH_KEY_AUTH or SSH_PASSWORD_AUTH. */
final class TunnelConfigResolver {
    static final int DEFAULT_SSH_PORT = 22;

    private TunnelConfigResolver() {}

    static TunnelConfig resolve(ConfigFields top, Secrets secrets) {
        JsonNode node = top.object("tunnel_method");
        if (node == null) {
            return new TunnelConfig.NoTunnel();
        }
        ConfigFields fields = new ConfigFields(node, "tunnel_method.");
        String method = fields.string("tunnel_method", "NO_TUNNEL").trim();
        switch (method) {
            case "", "NO_TUNNEL":
                return new TunnelConfig.NoTunnel();
            case "SSH_KEY_AUTH": {
                String key = SslConfigResolver.pem(fields, "ssh_key");
                secrets.register(key);
                if (key.isBlank()) {
                    throw missing(fields, "ssh_key", "the SSH private key (PEM or OpenSSH text) of tunnel_user");
                }
                return new TunnelConfig.SshKeyTunnel(host(fields), port(fields), user(fields), key, hostKey(fields));
            }
            case "SSH_PASSWORD_AUTH": {
                String password = fields.string("tunnel_user_password", "");
                secrets.register(password);
                if (password.isEmpty()) {
                    throw missing(fields, "tunnel_user_password", "the password of tunnel_user on the jump server");
                }
                return new TunnelConfig.SshPasswordTunnel(
                        host(fields), port(fields), user(fields), password, hostKey(fields));
            }
            default:
                throw new ConfigException("tunnel_method.tunnel_method '" + method + "' is not known. Use one of:"
                        + " NO_TUNNEL, SSH_KEY_AUTH, SSH_PASSWORD_AUTH.");
        }
    }

    private static ConfigException missing(ConfigFields fields, String field, String meaning) {
        return new ConfigException(
                "The config field '" + fields.name(field) + "' is missing or empty. Set it to " + meaning + ".");
    }

    private static String host(ConfigFields fields) {
        return fields.requiredString("tunnel_host", "the host name or IP address of the SSH jump server");
    }

    private static int port(ConfigFields fields) {
        return fields.integer("tunnel_port", DEFAULT_SSH_PORT, 0, 65535);
    }

    private static String user(ConfigFields fields) {
        return fields.requiredString("tunnel_user", "the user name to log in to the SSH jump server");
    }

    private static String hostKey(ConfigFields fields) {
        return fields.string("known_host_key", "").trim();
    }
}
