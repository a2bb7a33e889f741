"""Typed tools the agents can call: the registry and the built-ins."""
from agents.tools.registry import Tool, ToolCallError, ToolDefinitionError, ToolRegistry

__all__ = ["Tool", "ToolCallError", "ToolDefinitionError", "ToolRegistry"]
