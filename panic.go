package keepwarm

import "runtime/debug"

// PanicStack returns the stack a recovered panic r was raised on: the one
// r carries when it was caught and raised again on the way up (a store's
// write transaction rolls back first, see store.Panic), else the stack
// now, in the deferred function that recovered it.
func PanicStack(r any) []byte {
	if p, ok := r.(interface{ PanicStack() []byte }); ok {
		return p.PanicStack()
	}
	return debug.Stack()
}
