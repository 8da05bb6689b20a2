"""The shared vocabulary: the message catalog, the Vietnamese text normaliser, the clock and the comment kinds.

Every package may import `core`; `core` imports nothing of ours (a test holds the layer contract).
"""
