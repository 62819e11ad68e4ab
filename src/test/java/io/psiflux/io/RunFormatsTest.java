package io.psiflux.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with output.format = ["npy", "hdf5", "vtk"]: h5py and VTK (Debian's, through
 * /usr/bin/python3) read snapshot_NNNNNN.h5, fields_NNNNNN.vti and fields.pvd, and every value
 * equals the run's own .npy files of the same step.
 */
class RunFormatsTest {

    private static final String CHECK = """
            import sys, glob, os
            import numpy as np, h5py, vtk
            from vtk.util.numpy_support import vtk_to_numpy
            d = sys.argv[1]
            steps = sorted(int(f[-10:-4]) for f in glob.glob(os.path.join(d, 'density_*.npy')))
            x, y = np.load(os.path.join(d, 'x.npy')), np.load(os.path.join(d, 'y.npy'))
            worst = 0.0
            for s in steps:
                rho = np.load(os.path.join(d, 'density_%06d.npy' % s))
                j = np.load(os.path.join(d, 'current_%06d.npy' % s))
                psi = np.load(os.path.join(d, 'psi_%06d.npy' % s))
                with h5py.File(os.path.join(d, 'snapshot_%06d.h5' % s), 'r') as f:
                    assert int(f.attrs['step']) == s
                    worst = max(worst, abs(f['density'][()] - rho).max(), abs(f['current'][()] - j).max())
                    p = f['psi'][()]
                    worst = max(worst, abs(p[..., 0] + 1j * p[..., 1] - psi).max())
                    worst = max(worst, abs(f['x'][()] - x).max(), abs(f['y'][()] - y).max())
                r = vtk.vtkXMLImageDataReader(); r.SetFileName(os.path.join(d, 'fields_%06d.vti' % s)); r.Update()
                img = r.GetOutput(); pd = img.GetPointData()
                nx, ny = len(x), len(y)
                v = vtk_to_numpy(pd.GetArray('density')).reshape(ny, nx).T
                worst = max(worst, abs(v - rho).max())
                c = vtk_to_numpy(pd.GetArray('current')).reshape(ny, nx, 3)
                worst = max(worst, abs(c[..., 0].T - j[0]).max(), abs(c[..., 1].T - j[1]).max())
            pvd = vtk.vtkXMLGenericDataObjectReader()
            r = vtk.vtkPVDReader() if hasattr(vtk, 'vtkPVDReader') else None
            import xml.etree.ElementTree as ET
            entries = [(float(e.get('timestep')), e.get('file')) for e in ET.parse(os.path.join(d, 'fields.pvd')).getroot().iter('DataSet')]
            print(len(steps), len(entries), worst)
            for t, f in entries: assert os.path.exists(os.path.join(d, f)), f
            """;

    @Test
    void h5pyAndVtkReadTheRunsSnapshotsAsTheNpyFilesHoldThem(@TempDir Path tmp) throws Exception {
        SystemPython.require("h5py", "python3-h5py");
        SystemPython.require("vtk", "python3-vtk9");
        Path cfg = tmp.resolve("f.toml");
        Files.writeString(cfg, """
                [grid]
                points = [24, 20]
                extent = [[-6.0, 6.0], [-4.0, 6.0]]
                [potential]
                expression = "0.5*(x^2 + y^2)"
                [initial]
                type = "gaussian"
                center = [1.0, 0.5]
                sigma = [1.0, 0.8]
                momentum = [0.5, -1.0]
                [time]
                dt = 0.01
                steps = 40
                [output]
                every = 20
                fields = ["density", "current", "psi"]
                format = ["npy", "hdf5", "vtk"]
                """);
        Path out = tmp.resolve("out");
        assertEquals(0, Main.execute("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu", "--precision", "single"));
        SystemPython.Result r = SystemPython.run(CHECK, out.toString());
        assertEquals(0, r.exit(), r.describe());
        String[] v = r.out().strip().split(" ");
        assertEquals("3", v[0], "three output steps");
        assertEquals("3", v[1], "the collection lists them");
        assertTrue(Double.parseDouble(v[2]) == 0.0, "every value as in the .npy files: " + r.out());
    }
}
