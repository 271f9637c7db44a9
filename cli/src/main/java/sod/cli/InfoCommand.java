package sod.cli;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine.Command;
import sod.kernels.VectorShapes;
import sod.openblas.OpenBlas;
import sod.openblas.OpenBlasUnavailableException;

import java.util.concurrent.Callable;

/** {@code sod info}: the runtime facts a performance report needs. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the JDK, Vector API species, OpenBLAS library, configuration, core name and threads.",
        footer = {"", "Example:", "  scripts/sod info"})
final class InfoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("java:              %s (%s, %s)%n", Runtime.version(), System.getProperty("java.vm.name"), System.getProperty("java.home"));
        out.printf("cpu cores:         %d%n", Runtime.getRuntime().availableProcessors());
        out.printf("vector preferred:  %s (%d-bit, %d doubles / %d floats per vector)%n", DoubleVector.SPECIES_PREFERRED,
                DoubleVector.SPECIES_PREFERRED.vectorBitSize(), DoubleVector.SPECIES_PREFERRED.length(), FloatVector.SPECIES_PREFERRED.length());
        out.printf("vector in use:     %s, float32 storage %s (set with -Dsod.vector.bits=128|256|512)%n",
                VectorShapes.F64, VectorShapes.F32_HALF);
        try {
            OpenBlas.require();
            out.printf("openblas path:     %s (found via %s)%n", OpenBlas.path(), OpenBlas.source());
            out.printf("openblas config:   %s%n", OpenBlas.config().trim());
            out.printf("openblas core:     %s%n", OpenBlas.coreName());
            out.printf("openblas threads:  %d%n", OpenBlas.threads());
            out.flush();
            return Main.OK;
        } catch (OpenBlasUnavailableException e) {
            out.flush();
            throw e; // one line and exit 3, as everywhere
        }
    }
}
