package io.heropixel.destination.postgres.bench;

/** The destination sync mode of a generated stream. */
enum Mode {
    APPEND("append"),
    DEDUP("append_dedup");

    private final String protocolValue;

    Mode(String protocolValue) {
        this.protocolValue = protocolValue;
    }

    String protocolValue() {
        return protocolValue;
    }
}
