//! Files made for the coordinator: the attendance CSV and the heat map PNG. Pure rendering of
//! an [`AttendanceView`](crate::domain::attendance::AttendanceView), which has no content
//! field, so nothing a pair wrote can end up in a file.

pub mod chart;
pub mod csv;
pub mod proposal;
