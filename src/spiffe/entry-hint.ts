// The longest hint SPIRE server 1.15 accepts on a registration entry (spiffe/spire
// pkg/server/api/entry.go hintMaximumLength, checked in ProtoToRegistrationEntryWithMask). One
// constant for the constructs' synth check and the identity plan.

/** SPIRE's limit on an entry hint, in characters. */
export const HINT_MAXIMUM_LENGTH = 1024;
