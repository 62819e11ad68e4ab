package io.psiflux.backend.opencl;

/**
 * The OpenCL backend cannot run this problem here: no OpenCL library or device, a device that
 * lacks what the run needs, a grid the FFT does not support, or too little memory. The message is
 * one sentence for the user that says what is missing and what to do instead.
 */
public class OpenClUnavailableException extends RuntimeException {
    public OpenClUnavailableException(String message) {
        super(message);
    }

    public OpenClUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
