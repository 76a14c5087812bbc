"""The Treaty, the Charter and the agreements under them as executable rules, with reforms as patches."""
