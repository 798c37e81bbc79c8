//! EP304: the certificate files named by records. Implemented with the PEM work.

use crate::diag::Sink;
use crate::rules::Context;

pub fn check(_cx: &Context<'_, '_>, _sink: &mut Sink) {}
