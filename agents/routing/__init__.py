"""Where a request goes: the router (rules, exemplars, model), the hardness estimate and the cloud-offer policy."""
