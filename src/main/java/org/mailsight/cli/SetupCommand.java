package org.mailsight.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mailsight.elasticsearch.Cluster;
import org.mailsight.elasticsearch.Connection;
import org.mailsight.elasticsearch.Installer;
import org.mailsight.elasticsearch.Kit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailsight setup}: installs the Elasticsearch kit (templates, ILM, watches) and the Kibana dashboards. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Install the Elasticsearch kit: index templates, ILM policies, watches, Kibana dashboards and rules.",
                "Idempotent: run it again after an upgrade. TLS certificates are verified."})
public final class SetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--es", paramLabel = "URL",
            description = "Elasticsearch URL, e.g. https://localhost:9200 (not needed with --only dashboards or --export-kibana)")
    String es;

    @Option(names = "--kibana", paramLabel = "URL", description = "Kibana URL, for the dashboards")
    String kibana;

    @Mixin
    Credentials credentials;

    @Option(names = "--only", split = ",", paramLabel = "PART",
            description = "install only these parts: templates, ilm, watches, dashboards, rules (default: all)")
    List<String> only;

    @Option(names = "--namespace", defaultValue = "default", paramLabel = "N",
            description = "data stream namespace the watches read and write (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--kit", paramLabel = "DIR", description = "install the kit from DIR instead of the bundled one")
    Path kitDir;

    @Option(names = "--dry-run", description = "print what would be installed; send nothing")
    boolean dryRun;

    @Option(names = "--export-kibana", paramLabel = "FILE",
            description = "write the dashboards as one .ndjson file for Kibana's Saved Objects import, and exit")
    Path exportKibana;

    @Override
    public Integer call() {
        Set<Installer.Part> parts = parts();
        if (!namespace.matches("[a-z0-9_]{1,100}")) {
            throw new Main.UserError("--namespace '" + namespace + "' is not allowed; use up to 100 of a-z, 0-9 and _ (no '-').");
        }
        Kit kit = kit().forNamespace(namespace);
        PrintWriter out = spec.commandLine().getOut();
        if (exportKibana != null) return export(kit, out);
        boolean kibanaOnly = parts.equals(EnumSet.of(Installer.Part.dashboards));
        if (es == null && !kibanaOnly) {
            throw new Main.UserError("--es URL is needed to install " + (only == null ? "the kit" : String.join(",", only))
                    + "; give --es, or use --only dashboards --kibana URL for the dashboards alone.");
        }
        if (kibanaOnly && es == null && kibana == null) {
            throw new Main.UserError("--only dashboards needs --kibana URL.");
        }
        Connection esConnection = es == null ? null : credentials.connect("--es", es);
        Connection kibanaConnection;
        try {
            kibanaConnection = kibana == null ? null : esConnection != null ? esConnection.at("--kibana", kibana)
                    : credentials.connect("--kibana", kibana);
        } catch (IllegalArgumentException ex) {
            throw new Main.UserError(ex.getMessage());
        }
        Installer installer = new Installer(kit, out);
        if (esConnection == null) {
            if (dryRun) {
                out.println("would import " + kit.savedObjects().size() + " Kibana saved objects");
                out.flush();
                return 0;
            }
            try {
                installer.dashboards(kit, kibanaConnection);
            } catch (IllegalStateException ex) {
                throw new Main.UserError(ex.getMessage());
            }
            out.flush();
            return 0;
        }
        if (dryRun) {
            installer.plan(parts, kibanaConnection != null);
            out.flush();
            return 0;
        }
        try (Cluster cluster = new Cluster(esConnection)) {
            installer.install(cluster, kibanaConnection, parts, only != null);
        } catch (IllegalStateException ex) {
            throw new Main.UserError(ex.getMessage());
        } catch (IOException ex) {
            throw new Main.UserError("closing the connection to " + esConnection + " failed (" + ex.getMessage() + ").");
        }
        return 0;
    }

    /** The saved objects as Kibana's Saved Objects import takes them: one object per line. */
    private int export(Kit kit, PrintWriter out) {
        try {
            Files.writeString(exportKibana, kit.kibanaNdjson());
        } catch (IOException ex) {
            throw new Main.UserError("cannot write --export-kibana " + exportKibana + " (" + ex.getClass().getSimpleName()
                    + "); give a path in a folder you may write.");
        }
        out.println("wrote " + kit.savedObjects().size() + " Kibana saved objects to " + exportKibana
                + "; import it in Kibana: Stack Management > Saved Objects > Import");
        out.flush();
        return 0;
    }

    private Set<Installer.Part> parts() {
        if (only == null) return EnumSet.allOf(Installer.Part.class);
        Set<Installer.Part> parts = EnumSet.noneOf(Installer.Part.class);
        for (String p : only) {
            try {
                parts.add(Installer.Part.valueOf(p.strip()));
            } catch (IllegalArgumentException ex) {
                throw new Main.UserError("--only '" + p + "' is not a part; use templates, ilm, watches, dashboards or rules.");
            }
        }
        return parts;
    }

    private Kit kit() {
        if (kitDir == null) return Kit.bundled();
        if (!Files.isDirectory(kitDir)) throw new Main.UserError("--kit " + kitDir + " is not a folder.");
        try {
            return Kit.load(kitDir);
        } catch (IOException ex) {
            throw new Main.UserError("--kit " + kitDir + " is not a mailsight kit: " + ex.getMessage() + ".");
        }
    }
}
