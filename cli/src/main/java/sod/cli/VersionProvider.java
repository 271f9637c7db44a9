package sod.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code sod --version}: the version Maven filtered into {@code sod/version.properties} at build time
 * (the pom's {@code project.version}), so it never disagrees with the artifact.
 */
final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "/sod/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"sod " + version(), "java " + Runtime.version()};
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.contains("${")) return v.strip();
            }
        } catch (IOException e) {
            // fall through: a build without the filtered resource
        }
        return "(unknown: not built by Maven)";
    }
}
