package sod.openblas;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds and opens OpenBLAS. Candidates are tried in a fixed order and every attempt is recorded, so
 * that a failure can list each path tried and why it failed:
 * <ol>
 *   <li>an explicit path: system property {@value #PATH_PROPERTY}, then environment variable
 *       {@value #PATH_ENV} (the library file, or a folder holding it);</li>
 *   <li>{@code native-libs/<platform>/} under the project folder (system property
 *       {@code sod.project.dir}, the folder above the jar, and the working directory);</li>
 *   <li>the library inside the {@code org.bytedeco:openblas} jar on the class path, extracted with its
 *       companions to a temporary folder;</li>
 *   <li>the system's {@code libopenblas.so.0} with {@code liblapacke.so.3} for the LAPACKE symbols.</li>
 * </ol>
 * A candidate counts as loaded only when it exports the symbols sod calls.
 */
public final class NativeLibraryLoader {
    public static final String PATH_PROPERTY = "sod.openblas.path";
    public static final String PATH_ENV = "SOD_OPENBLAS_PATH";

    /** Symbols every candidate must export. */
    static final List<String> REQUIRED_SYMBOLS =
            List.of("LAPACKE_dsyevr_work", "cblas_dgemv", "openblas_set_num_threads", "openblas_get_corename");

    /** The bytedeco jar's companions of libopenblas, loaded through its RUNPATH $ORIGIN. */
    private static final List<String> LINUX_COMPANIONS =
            List.of("libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1");

    /** Where to look; the defaults come from the environment, tests build their own. */
    public record Settings(String explicitPath, List<Path> projectDirs, boolean tryClassPath, boolean trySystem) {
        public static Settings fromEnvironment() {
            String explicit = System.getProperty(PATH_PROPERTY);
            if (explicit == null || explicit.isBlank()) explicit = System.getenv(PATH_ENV);
            List<Path> dirs = new ArrayList<>();
            String projectDir = System.getProperty("sod.project.dir");
            if (projectDir != null && !projectDir.isBlank()) dirs.add(Path.of(projectDir));
            Path jarDir = codeLocation();
            if (jarDir != null) {
                dirs.add(jarDir);
                if (jarDir.getParent() != null) dirs.add(jarDir.getParent());
            }
            dirs.add(Path.of("").toAbsolutePath());
            return new Settings(explicit == null || explicit.isBlank() ? null : explicit,
                    dirs.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList(), true, true);
        }
    }

    /** A library that loaded: where from, and its symbols. */
    public record Loaded(String source, Path path, SymbolLookup lookup, List<String> attempts) {}

    /** The platform's classifier (as in the bytedeco artifacts) and library file name. */
    public record Platform(String classifier, String libraryFile, List<String> companions) {
        public static Platform current() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            String cpu = switch (arch) {
                case "amd64", "x86_64" -> "x86_64";
                case "aarch64", "arm64" -> "arm64";
                case "ppc64le" -> "ppc64le";
                default -> null;
            };
            if (cpu != null && os.startsWith("linux")) {
                return new Platform("linux-" + cpu, "libopenblas.so.0", cpu.equals("x86_64") ? LINUX_COMPANIONS : List.of());
            }
            if (cpu != null && os.startsWith("mac")) return new Platform("macosx-" + cpu, "libopenblas.0.dylib", List.of());
            if (cpu != null && os.startsWith("windows")) return new Platform("windows-" + cpu, "libopenblas.dll", List.of());
            throw new OpenBlasUnavailableException("sod: unsupported platform " + os + "/" + arch
                    + "; supported: linux-x86_64 (and linux-arm64, macosx, windows with the matching openblas classifier); "
                    + "set -D" + PATH_PROPERTY + "=/path/to/libopenblas to use your own build");
        }
    }

    private NativeLibraryLoader() {}

    /** Whether an explicit library path is set ({@value #PATH_PROPERTY} or {@value #PATH_ENV}). */
    public static boolean explicitPathGiven() {
        return Settings.fromEnvironment().explicitPath() != null;
    }

    /** Loads OpenBLAS into {@code arena}, trying the candidates of {@code settings} in order. */
    public static Loaded load(Settings settings, Arena arena) {
        Platform platform = Platform.current();
        List<String> attempts = new ArrayList<>();
        if (settings.explicitPath() != null) {
            // an explicit path is what the user wants: falling back on another library would hide the mistake
            Path p = Path.of(settings.explicitPath());
            if (Files.isDirectory(p)) p = p.resolve(platform.libraryFile());
            Loaded l = tryPath("explicit path", p, arena, attempts);
            if (l != null) return l;
            throw new OpenBlasUnavailableException("-D" + PATH_PROPERTY + " / " + PATH_ENV + " " + settings.explicitPath()
                    + ": cannot load OpenBLAS from it (" + attempts.getLast() + "); point it at a libopenblas with LAPACKE,"
                    + " or unset it to use the bundled one");
        }
        for (Path dir : settings.projectDirs()) {
            Path p = dir.resolve("native-libs").resolve(platform.classifier()).resolve(platform.libraryFile());
            Loaded l = tryPath("native-libs", p, arena, attempts);
            if (l != null) return l;
        }
        if (settings.tryClassPath()) {
            Loaded l = tryClassPath(platform, arena, attempts);
            if (l != null) return l;
        }
        if (settings.trySystem()) {
            Loaded l = trySystem(platform, arena, attempts);
            if (l != null) return l;
        }
        throw new OpenBlasUnavailableException("sod: could not load OpenBLAS; tried: " + String.join("; ", attempts)
                + ". Run 'mvn package' (or scripts/sod) to fetch it into native-libs/, or set -D" + PATH_PROPERTY
                + " / " + PATH_ENV + " to a libopenblas with LAPACKE");
    }

    private static Loaded tryPath(String source, Path path, Arena arena, List<String> attempts) {
        if (!Files.isRegularFile(path)) {
            attempts.add(path + " (" + source + ": not found)");
            return null;
        }
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(path, arena);
            String missing = firstMissing(lookup);
            if (missing != null) {
                attempts.add(path + " (" + source + ": lacks symbol " + missing + ")");
                return null;
            }
            attempts.add(path + " (" + source + ": loaded)");
            return new Loaded(source, path, lookup, List.copyOf(attempts));
        } catch (RuntimeException e) {
            attempts.add(path + " (" + source + ": " + oneLine(e) + ")");
            return null;
        }
    }

    private static Loaded tryClassPath(Platform platform, Arena arena, List<String> attempts) {
        String base = "org/bytedeco/openblas/" + platform.classifier() + "/";
        ClassLoader cl = NativeLibraryLoader.class.getClassLoader();
        if (cl.getResource(base + platform.libraryFile()) == null) {
            attempts.add("classpath:" + base + platform.libraryFile() + " (not on the class path)");
            return null;
        }
        try {
            Path dir = Files.createTempDirectory("sod-openblas-");
            dir.toFile().deleteOnExit();
            sod.io.TemporaryFiles.register(dir); // deleteOnExit does not run when a stop halts the JVM
            List<String> files = new ArrayList<>(platform.companions());
            files.add(platform.libraryFile());
            for (String f : files) {
                try (InputStream in = cl.getResourceAsStream(base + f)) {
                    if (in == null) continue;
                    Path target = dir.resolve(f);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                    sod.io.TemporaryFiles.register(target);
                }
            }
            return tryPath("class path", dir.resolve(platform.libraryFile()), arena, attempts);
        } catch (IOException e) {
            attempts.add("classpath:" + base + platform.libraryFile() + " (extraction failed: " + oneLine(e) + ")");
            return null;
        }
    }

    private static Loaded trySystem(Platform platform, Arena arena, List<String> attempts) {
        String name = platform.libraryFile();
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(name, arena);
            if (firstMissing(lookup) != null && platform.classifier().startsWith("linux")) {
                // Debian's OpenBLAS keeps LAPACKE in a separate library.
                try {
                    lookup = lookup.or(SymbolLookup.libraryLookup("liblapacke.so.3", arena));
                } catch (RuntimeException e) {
                    attempts.add("system liblapacke.so.3 (" + oneLine(e) + ")");
                }
            }
            String missing = firstMissing(lookup);
            if (missing != null) {
                attempts.add("system " + name + " (lacks symbol " + missing + ")");
                return null;
            }
            attempts.add("system " + name + " (loaded)");
            return new Loaded("system", Path.of(name), lookup, List.copyOf(attempts));
        } catch (RuntimeException e) {
            attempts.add("system " + name + " (" + oneLine(e) + ")");
            return null;
        }
    }

    private static String firstMissing(SymbolLookup lookup) {
        for (String s : REQUIRED_SYMBOLS) if (lookup.find(s).isEmpty()) return s;
        return null;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }

    private static Path codeLocation() {
        try {
            Path p = Path.of(NativeLibraryLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (Exception e) {
            return null;
        }
    }
}
