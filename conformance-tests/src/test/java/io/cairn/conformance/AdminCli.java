package io.cairn.conformance;

import io.cairn.server.AdminCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of {@code cairn admin} in the test's JVM: its exit status and what it printed. */
record AdminCli(int status, String out, String err) {

    /** {@code cairn admin --endpoint <server> COMMAND...} as the test server's root user. */
    static AdminCli root(CairnTestServer server, String... command) throws Exception {
        String[] args = new String[command.length + 2];
        args[0] = "--endpoint";
        args[1] = server.endpoint().toString();
        System.arraycopy(command, 0, args, 2, command.length);
        return run(args, Map.of("CAIRN_ROOT_USER", CairnTestServer.ACCESS_KEY,
                "CAIRN_ROOT_PASSWORD", CairnTestServer.SECRET_KEY));
    }

    static AdminCli run(String[] args, Map<String, String> env) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new AdminCli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
