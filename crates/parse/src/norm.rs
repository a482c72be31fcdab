//! Normalised keys for matching labels.
