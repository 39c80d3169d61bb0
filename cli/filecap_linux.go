package cli

import (
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
)

// fileBindCap says whether the binary at path carries the file capability
// CAP_NET_BIND_SERVICE, effective at exec (setcap cap_net_bind_service=+ep):
// its security.capability attribute, whose first two 32-bit words (little
// endian) are the version and flags (bit 0: effective) and the permitted
// set's low word (CAP_NET_BIND_SERVICE is bit 10). No attribute, or a
// filesystem without them, is no capability.
func fileBindCap(path string) (bool, error) {
	buf := make([]byte, 64)
	n, err := syscall.Getxattr(path, "security.capability", buf)
	switch {
	case errors.Is(err, syscall.ENODATA) || errors.Is(err, syscall.ENOTSUP):
		return false, nil
	case err != nil:
		return false, err
	case n < 8:
		return false, fmt.Errorf("security.capability of %d bytes", n)
	}
	flags, permitted := binary.LittleEndian.Uint32(buf[0:4]), binary.LittleEndian.Uint32(buf[4:8])
	return flags&1 != 0 && permitted&(1<<10) != 0, nil
}
