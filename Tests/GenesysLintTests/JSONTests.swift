import GenesysJSON
import Testing
