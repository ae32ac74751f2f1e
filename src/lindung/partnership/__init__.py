"""Partnership: the MoU with the BPJS branch, each agency's PKS and targets, socialisation events, the funnel."""
