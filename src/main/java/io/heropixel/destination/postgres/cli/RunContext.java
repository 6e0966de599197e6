package io.heropixel.destination.postgres.cli;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.error.Secrets;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.io.InputStream;

/**
 * What one run of the connector works with, created once by {@link Main} after the command line is parsed
 * and handed to the command: its stdin, its protocol stdout, the secrets its config registers (masked in
 * everything it prints), and whether strict encryption is on. Nothing of it lives in a static field, so
 * in-process runs (tests, the demo) each get their own.
 *
 * @param stdin the messages a {@code write} reads
 * @param protocol the only writer of stdout
 * @param secrets the run's secrets; the protocol writer and the error reporter mask them
 * @param strictEncryption {@code --strict-encrypt} or its environment variable
 */
record RunContext(InputStream stdin, ProtocolWriter protocol, Secrets secrets, boolean strictEncryption) {
    RunContext {
        requireNonNull(stdin, "stdin is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(secrets, "secrets is null");
    }
}
