package sod.openblas;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The process-wide OpenBLAS library: loaded once on first use (see {@link NativeLibraryLoader}),
 * never unloaded. Thread controls are process-global in OpenBLAS; when Java threads already keep the
 * cores busy, give OpenBLAS one thread.
 */
public final class OpenBlas {
    private OpenBlas() {}

    private static final class Holder {
        static final NativeLibraryLoader.Loaded LOADED;
        static final RuntimeException FAILURE;

        static {
            NativeLibraryLoader.Loaded loaded = null;
            RuntimeException failure = null;
            try {
                loaded = NativeLibraryLoader.load(NativeLibraryLoader.Settings.fromEnvironment(), Arena.global());
            } catch (RuntimeException e) {
                failure = e;
            }
            LOADED = loaded;
            FAILURE = failure;
        }
    }

    /** Loads the library if needed; throws {@link OpenBlasUnavailableException} listing every path tried. */
    public static NativeLibraryLoader.Loaded require() {
        if (Holder.FAILURE != null) {
            throw Holder.FAILURE instanceof OpenBlasUnavailableException u ? new OpenBlasUnavailableException(u.getMessage()) : Holder.FAILURE;
        }
        return Holder.LOADED;
    }

    static SymbolLookup lookup() {
        return require().lookup();
    }

    /** Handles for the thread controls; initialised after a successful {@link #require()}. */
    private static final class Controls {
        static final MethodHandle SET_THREADS = downcall("openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT));
        static final MethodHandle GET_THREADS = downcall("openblas_get_num_threads", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GET_CONFIG = downcall("openblas_get_config", FunctionDescriptor.of(ADDRESS));
        static final MethodHandle GET_CORENAME = downcall("openblas_get_corename", FunctionDescriptor.of(ADDRESS));
    }

    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = lookup().find(name)
                .orElseThrow(() -> new OpenBlasUnavailableException("sod: OpenBLAS at " + path() + " lacks symbol " + name));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor, options);
    }

    public static Path path() {
        return require().path();
    }

    /** How the library was found: "explicit path", "native-libs", "class path" or "system". */
    public static String source() {
        return require().source();
    }

    public static void setThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("OpenBLAS threads must be >= 1, got " + threads);
        require();
        try {
            Controls.SET_THREADS.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int threads() {
        require();
        try {
            return (int) Controls.GET_THREADS.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** OpenBLAS's build configuration, e.g. "OpenBLAS 0.3.30 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=...". */
    public static String config() {
        require();
        try {
            return cString((MemorySegment) Controls.GET_CONFIG.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The kernel family OpenBLAS picked for this CPU, e.g. "Cooperlake" or "SkylakeX". */
    public static String coreName() {
        require();
        try {
            return cString((MemorySegment) Controls.GET_CORENAME.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(4096).getString(0);
    }
}
