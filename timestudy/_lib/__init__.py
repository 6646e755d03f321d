"""Private plumbing shared by every stage: Arrow helpers, memory settings, bounded YAML."""
