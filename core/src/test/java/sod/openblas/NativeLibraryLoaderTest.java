package sod.openblas;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLibraryLoaderTest {

    @Test
    void wrongPathsFailWithEveryPathListed() {
        var settings = new NativeLibraryLoader.Settings(null, List.of(Path.of("/nonexistent-project"), Path.of("/nonexistent-2")),
                false, false);
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(OpenBlasUnavailableException.class, () -> NativeLibraryLoader.load(settings, arena));
            assertTrue(e.getMessage().contains("/nonexistent-project/native-libs/linux-x86_64/libopenblas.so.0"), e.getMessage());
            assertTrue(e.getMessage().contains("/nonexistent-2/native-libs/linux-x86_64/libopenblas.so.0"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }
    }

    /** An explicit path that does not load is an error naming it, never a silent fall-back on the bundled library. */
    @Test
    void anExplicitPathThatDoesNotExistFailsWithoutFallingBack() {
        var settings = new NativeLibraryLoader.Settings("/nonexistent/libopenblas.so.0", List.of(), true, true);
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(OpenBlasUnavailableException.class, () -> NativeLibraryLoader.load(settings, arena));
            assertTrue(e.getMessage().startsWith("-Dsod.openblas.path / SOD_OPENBLAS_PATH /nonexistent/libopenblas.so.0: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("not found"), e.getMessage());
            assertFalse(e.getMessage().contains("class path") || e.getMessage().contains("system"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }
    }

    @Test
    void aFileThatIsNotALibraryIsReportedAndSkipped() throws Exception {
        Path notALibrary = java.nio.file.Files.createTempFile("not-openblas", ".so");
        java.nio.file.Files.writeString(notALibrary, "this is text, not an ELF shared object\n");
        try (Arena arena = Arena.ofConfined()) {
            var settings = new NativeLibraryLoader.Settings(notALibrary.toString(), List.of(), false, false);
            var e = assertThrows(OpenBlasUnavailableException.class, () -> NativeLibraryLoader.load(settings, arena));
            assertTrue(e.getMessage().contains(notALibrary.toString()), e.getMessage());
        } finally {
            java.nio.file.Files.delete(notALibrary);
        }
    }

    @Test
    void bundledLibraryFromTheClassPathLoads() {
        try (Arena arena = Arena.ofShared()) {
            var settings = new NativeLibraryLoader.Settings(null, List.of(), true, false);
            var loaded = NativeLibraryLoader.load(settings, arena);
            assertEquals("class path", loaded.source());
            assertTrue(loaded.lookup().find("LAPACKE_dsyevr_work").isPresent());
        }
    }

    @Test
    void defaultLoadReportsAnOptimisedCoreForThisCpu() {
        String core = OpenBlas.coreName();
        assertFalse(core.isBlank());
        assertFalse(Set.of("Prescott", "Generic", "generic", "Core2", "Katmai").contains(core),
                "OpenBLAS fell back to a generic kernel: " + core);
        assertTrue(OpenBlas.config().contains("OpenBLAS"), OpenBlas.config());
    }

    @Test
    void threadControlRoundTrips() {
        int before = OpenBlas.threads();
        try {
            OpenBlas.setThreads(1);
            assertEquals(1, OpenBlas.threads());
        } finally {
            OpenBlas.setThreads(before);
        }
    }
}
